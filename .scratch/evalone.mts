import { runPdfEval } from '../eval/pdf.js';
process.env.ONLY = process.argv[2];
await runPdfEval(true);
