// Gradescope's results.json as its autograder specification documents it
// (https://gradescope-autograders.readthedocs.io/en/latest/specs/, "Output format",
// "Controlling Test Case Visibility", "Test case status", "Output String Formatting"),
// written down as a JSON Schema: every documented field with its type and allowed values,
// nothing else (a misspelt key fails). Where the spec says "optional, but required if not
// on each test case", the schema asks for a top-level score or a score on every test.
import { Ajv } from "ajv";

const visibility = { enum: ["hidden", "after_due_date", "after_published", "visible"] };
const format = { enum: ["text", "simple_format", "html", "md", "ansi"] };

const test = {
  type: "object",
  additionalProperties: false,
  properties: {
    score: { type: "number" },
    max_score: { type: "number" },
    status: { enum: ["passed", "failed"] },
    name: { type: "string" },
    name_format: format,
    number: { type: "string" },
    output: { type: "string" },
    output_format: format,
    tags: { type: "array", items: { type: "string" } },
    visibility,
    extra_data: { type: "object" },
  },
};

export const GRADESCOPE_RESULTS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    score: { type: "number" },
    execution_time: { type: "number" },
    output: { type: "string" },
    output_format: format,
    test_output_format: format,
    test_name_format: format,
    visibility,
    stdout_visibility: visibility,
    extra_data: { type: "object" },
    tests: { type: "array", items: test },
    leaderboard: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "value"],
        properties: { name: { type: "string" }, value: { type: ["number", "string"] }, order: { enum: ["asc", "desc"] } },
      },
    },
  },
  anyOf: [{ required: ["score"] }, { required: ["tests"], properties: { tests: { type: "array", items: { type: "object", required: ["score"] } } } }],
} as const;

const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(GRADESCOPE_RESULTS_SCHEMA);

/** The schema's complaints about a parsed results.json ([] when it is valid). */
export function gradescopeSchemaErrors(results: unknown): string[] {
  if (validate(results)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}${e.params && "additionalProperty" in e.params ? `: ${String(e.params.additionalProperty)}` : ""}`);
}
