import { defineOpsTests } from "./opsProperties";
import { defineStackTests } from "./stackProperties";

defineStackTests("dev");
defineOpsTests("dev");
