import { runPdfEval } from '../eval/pdf.js';
await runPdfEval(process.argv.includes('--verbose'));
