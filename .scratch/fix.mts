import { fixOcrLine } from '../src/core/ocr-fixes.js';
import { docNumberOfLine } from '../src/core/docnumber.js';
for (const t of ['阳政函[2020 77号', '阳政函〔2021] 77号', '阳政函[2021]77生)', '阳政办发(2021 74号', '阳政办发2021]74号', '阳政办发〔2021〕74 号']) {
  const f = fixOcrLine(t, { knownPrefixes: ['阳政办发', '阳政函'] });
  console.log(t, '→', f.text, JSON.stringify(docNumberOfLine(f.text)?.normalized ?? null));
}
