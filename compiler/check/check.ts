// Runs every rule over the resolved model. Rules report and keep going; the Reporter stops recording
// errors after maxErrors.
import type { Model } from '../model/model.js';
import type { Reporter } from '../diagnostics/reporter.js';
import { rules } from './rules/index.js';

export function check(model: Model, reporter: Reporter): void {
  for (const rule of rules) rule(model, reporter);
}
