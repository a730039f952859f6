package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** One key of a Secret in the Drainer's namespace. */
public class SecretKeyRef {
    @Required
    @JsonPropertyDescription("Secret name.")
    public String name;

    @Default(Defaults.PASSWORD_KEY)
    @JsonPropertyDescription("Key inside the Secret.")
    public String key = Defaults.PASSWORD_KEY;
}
