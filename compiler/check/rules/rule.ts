// A rule checks one invariant over the whole resolved model and reports through the Reporter; rules
// never throw and never depend on each other's results.
import type { Model } from '../../model/model.js';
import type { Reporter } from '../../diagnostics/reporter.js';

export type Rule = (model: Model, reporter: Reporter) => void;
