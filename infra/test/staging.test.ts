import { defineOpsTests } from "./opsProperties";
import { defineStackTests } from "./stackProperties";

defineStackTests("staging");
defineOpsTests("staging");
