/** The workload model: tables, transactions, a deterministic generator and the oracle of expected states. */
package dev.drainer.testkit.workload;
