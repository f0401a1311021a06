// Stands in for cli-table3 in the bundle: fllm draws tables itself (src/ui/render.ts), so
// marked-terminal's table code never runs and its table library need not load.
export default class Table {
  constructor() {
    throw new Error('cli-table3 is not bundled: fllm renders tables itself');
  }
}
