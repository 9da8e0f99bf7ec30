// A pure function of a string, with its answers remembered. Manifests repeat the same few texts (versions,
// quantities, label keys and names) thousands of times; the memory is emptied when full, so it stays bounded.

/** `compute` with its answers kept per argument, at most `max` of them (all dropped when full). */
export function remembered<V>(compute: (text: string) => V, max: number): (text: string) => V {
  const answers = new Map<string, V>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined) {
      if (answers.size >= max) answers.clear();
      answers.set(text, (answer = compute(text)));
    }
    return answer;
  };
}
