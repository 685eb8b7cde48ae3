/**
 * Worker entry when the task module is TypeScript (development and tests): registers tsx in the
 * worker, whose module loader does not inherit it, then hands over to the task module.
 */
import { workerData } from 'piscina';
import { register } from 'tsx/esm/api';

register();
const tasks = await import(workerData.tasksModule);
export default tasks.default;
