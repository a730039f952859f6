package dev.drainer.operator.rbac;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * One (apiGroup, resource[/subresource], verb) an RBAC rule grants, derived from an API request the way the API
 * server's request-info resolver does: GET on a collection is list, with {@code watch=true} watch, on a name get;
 * POST create, PUT update, PATCH patch, DELETE on a name delete and on a collection deletecollection.
 */
public record RbacTriple(String apiGroup, String resource, String verb) implements Comparable<RbacTriple> {
    private static final Comparator<RbacTriple> ORDER = Comparator.comparing(RbacTriple::apiGroup)
            .thenComparing(RbacTriple::resource).thenComparing(RbacTriple::verb);

    /**
     * The triple of {@code method path}; empty for a non-resource URL ({@code /version}, {@code /apis}, …), which
     * the default {@code system:discovery} role grants to every authenticated user.
     */
    public static Optional<RbacTriple> of(String method, String pathWithQuery) {
        int q = pathWithQuery.indexOf('?');
        String path = q < 0 ? pathWithQuery : pathWithQuery.substring(0, q);
        String query = q < 0 ? "" : pathWithQuery.substring(q + 1);
        String[] parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        String group;
        int rest;
        if (parts.length >= 3 && parts[0].equals("api")) {
            group = "";
            rest = 2;
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            group = parts[1];
            rest = 3;
        } else {
            return Optional.empty();
        }
        String[] r = Arrays.copyOfRange(parts, rest, parts.length);
        if (r.length >= 3 && r[0].equals("namespaces")) {
            r = Arrays.copyOfRange(r, 2, r.length);
        }
        String resource = r[0] + (r.length >= 3 ? "/" + r[2] : "");
        boolean named = r.length >= 2;
        String verb = switch (method) {
            case "GET" -> named ? "get" : Arrays.asList(query.split("&")).contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("HTTP method " + method + " of " + pathWithQuery
                    + " has no RBAC verb; expected GET, POST, PUT, PATCH or DELETE");
        };
        return Optional.of(new RbacTriple(group, resource, verb));
    }

    @Override
    public int compareTo(RbacTriple o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return "(" + (apiGroup.isEmpty() ? "\"\"" : apiGroup) + ", " + resource + ", " + verb + ")";
    }
}
