// pdfjs-dist ships no types for its worker module; Gongbao only loads it (text-layer.ts).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';
