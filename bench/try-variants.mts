import { makeBroken, variants } from "../test/support/submissions.js";
import { findSubmissions } from "../lab/grade/submission.js";
import { loadRubric } from "../lab/grade/rubric.js";
import { gradeMany } from "../lab/grade/grade-many.js";
import { renderText } from "../lab/grade/formats/text.js";
const names = process.argv.slice(2);
for (const name of names) {
  const dir = makeBroken(name);
  const v = variants().broken[name]!;
  const t = Date.now();
  const [r] = await gradeMany(findSubmissions([dir]), { rubric: loadRubric(v.rubric), jobs: 1, labPrefix: "grade-try-" });
  console.log(renderText(r!), "expected breaks:", v.breaks.join(","), "in", (Date.now() - t) / 1000, "s");
}
