/** Encoding workload transactions as secondary binlogs (the relay-log payload). */
package dev.drainer.testkit.binlog;
