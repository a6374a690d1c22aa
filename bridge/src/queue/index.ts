export { DurableQueue } from './durable-queue.js';
export type { Batch, Cursor, DurableQueueOptions } from './durable-queue.js';
