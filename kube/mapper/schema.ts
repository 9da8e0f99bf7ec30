// Moved to kube/apimachinery/schema.ts; this re-export keeps branches written against the old path compiling and
// goes once they are merged.
export * from '../apimachinery/schema';
