// Child process for the store tests: appends reviews to the log in FLLM data dir argv[2].
import { appendEvents, newEventId } from '../../src/io/review-log.js';

const [dataDir, countText, worker] = process.argv.slice(2);
const count = Number(countText);
for (let i = 0; i < count; i++) {
  appendEvents(dataDir!, [{ id: newEventId(), card: `q:worker-${worker}-${i % 7}`, at: new Date(Date.UTC(2026, 0, 1) + i * 1000), rating: ((i % 4) + 1) as 1 | 2 | 3 | 4, source: 'review', correct: i % 4 !== 0, answer: 'x'.repeat(i % 50) }]);
}
