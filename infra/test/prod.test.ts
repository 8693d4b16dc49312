import { defineStackTests } from "./stackProperties";

defineStackTests("prod");
