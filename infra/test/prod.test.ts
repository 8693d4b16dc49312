import { defineOpsTests } from "./opsProperties";
import { defineStackTests } from "./stackProperties";

defineStackTests("prod");
defineOpsTests("prod");
