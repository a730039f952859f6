/** Child JVMs that tests can SIGKILL, anywhere or at a named crash point. */
package dev.drainer.testkit.process;
