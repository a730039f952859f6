/** Capturing what a test's code logs or prints, to check it (for example, that no password leaks). */
package dev.drainer.testkit.log;
