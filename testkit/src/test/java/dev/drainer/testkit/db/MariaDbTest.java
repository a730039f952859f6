package dev.drainer.testkit.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbExtension.class)
class MariaDbTest {
    @Test
    void startsARealServerWithUtf8mb4AndIsolatedDatabases(MariaDb db) throws Exception {
        String a = db.createDatabase("t");
        String b = db.createDatabase("t");
        assertNotEquals(a, b);
        try (Connection c = db.connect(a); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE x (id INT PRIMARY KEY, v VARCHAR(10))");
            s.execute("INSERT INTO x VALUES (1, '\uD83D\uDE00')");
            try (ResultSet rs = s.executeQuery("SELECT v, @@version FROM x")) {
                rs.next();
                assertEquals("\uD83D\uDE00", rs.getString(1));
                System.out.println("server version " + rs.getString(2));
            }
        }
    }
}
