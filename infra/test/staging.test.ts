import { defineStackTests } from "./stackProperties";

defineStackTests("staging");
