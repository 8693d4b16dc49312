import { defineStackTests } from "./stackProperties";

defineStackTests("dev");
