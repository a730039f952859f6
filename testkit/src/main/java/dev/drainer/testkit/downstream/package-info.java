/** Reading actual table contents from a MySQL/MariaDB downstream and comparing them with expected states. */
package dev.drainer.testkit.downstream;
