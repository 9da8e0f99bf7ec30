const {fastDocumentReading}=require('./out/analysis/documents/fastValues');
const {splitAtDocumentMarkers}=require('./out/analysis/documents/incremental');
const fs=require('fs');
let subset=0, js=0, none=0;
for (const f of fs.readdirSync('/tmp/hyb/work')) { const text=fs.readFileSync('/tmp/hyb/work/'+f,'utf8'); for (const c of splitAtDocumentMarkers(text) ?? [{start:0,end:text.length}]) { const r=fastDocumentReading(text.slice(c.start,c.end)); if (!r) none++; else if (r.subset) subset++; else js++; } }
console.log({subset, js, none});
