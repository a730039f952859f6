/** The Kubernetes operator for the Drainer resource. */
package dev.drainer.operator;
