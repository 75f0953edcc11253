package io.rkproxy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.reload.TenantEditor;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's tenant management: read a tenant's entry, create or replace it, delete it, change its passwords,
 * read the audit log. Each change goes through {@link ProxyAdmin#editTenant}: validated whole, written back to the
 * config source, loaded; and is appended to the {@link AuditLog}.
 */
final class TenantRoutes {

    private static final Logger log = LoggerFactory.getLogger(TenantRoutes.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TRIGGER = "console";
    private static final int AUDIT_ENTRIES = 100;
    /**
     * A name the file, as a plain YAML key, and a znode path both hold as it is; a key such as {@code a:b} or
     * {@code x#y} would need quoting the file's editor does not attempt.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final ProxyAdmin admin;

    private TenantRoutes(ProxyAdmin admin) {
        this.admin = admin;
    }

    static void addTo(Router router, ProxyAdmin admin) {
        TenantRoutes routes = new TenantRoutes(admin);
        router.securedRequest(HttpMethod.GET, "/api/tenant", routes::read)
                .securedRequest(HttpMethod.PUT, "/api/tenant", routes::put)
                .securedRequest(HttpMethod.DELETE, "/api/tenant", routes::delete)
                .securedRequest(HttpMethod.POST, "/api/tenant/password", routes::password)
                .secured(HttpMethod.GET, "/api/audit", routes::audit);
    }

    private Optional<TenantEditor> editor() {
        return admin.tenantEditor();
    }

    /** {@code GET /api/tenant?name=<t>}: its entry as the source holds it, without passwords. */
    private Reply read(Request request) {
        return withName(request, name -> {
            Object entry = editor().get().entries().get(name);
            if (entry == null) {
                return unknown(name);
            }
            return Reply.json(ApiViews.tenantEntry(name, TenantSecrets.withoutSecrets(entry),
                    TenantSecrets.count(entry)));
        });
    }

    /**
     * {@code PUT /api/tenant?name=<t>} with the entry's keys as a JSON object, passwords left out: creates the
     * tenant (with a generated password, shown once) or replaces its keys, keeping its passwords.
     */
    private Reply put(Request request) {
        return withName(request, name -> {
            Map<String, Object> edited;
            try {
                edited = MAPPER.readValue(request.body(), MAPPER.getTypeFactory()
                        .constructMapType(LinkedHashMap.class, String.class, Object.class));
            } catch (JsonProcessingException e) {
                return Reply.error(HttpResponseStatus.BAD_REQUEST, "the body must be a JSON object of the tenant's "
                        + "keys: " + e.getOriginalMessage());
            }
            if (edited == null || edited.keySet().stream().anyMatch(TenantSecrets.KEYS::contains)) {
                return Reply.error(HttpResponseStatus.BAD_REQUEST, "the body must be a JSON object of the tenant's "
                        + "keys without passwords: set those with POST /api/tenant/password");
            }
            AtomicReference<String> generated = new AtomicReference<>();
            return change(request, name, null, before -> {
                Map<String, Object> after = TenantSecrets.carryOver(edited, before);
                if (before == null && !"default".equals(name)) {
                    generated.set(TenantSecrets.generate());
                    return TenantSecrets.replaced(after, generated.get());
                }
                return after;
            }, generated);
        });
    }

    /** {@code DELETE /api/tenant?name=<t>}. */
    private Reply delete(Request request) {
        return withName(request, name -> editor().get().entries().containsKey(name)
                ? change(request, name, "delete-tenant", before -> null, new AtomicReference<>())
                : unknown(name));
    }

    /**
     * {@code POST /api/tenant/password?name=<t>&action=add|replace|remove-old}: {@code add} generates a password
     * and keeps the old ones working, {@code replace} generates one that is the only one, {@code remove-old} keeps
     * only the newest.
     */
    private Reply password(Request request) {
        return withName(request, name -> {
            Object stored = editor().get().entries().get(name);
            if (stored == null) {
                return unknown(name);
            }
            String action = request.param("action").orElse("");
            AtomicReference<String> generated = new AtomicReference<>(TenantSecrets.generate());
            return switch (action) {
                case "add" -> change(request, name, "add-password",
                        before -> TenantSecrets.added(before, generated.get()), generated);
                case "replace" -> change(request, name, "replace-password",
                        before -> TenantSecrets.replaced(before, generated.get()), generated);
                case "remove-old" -> change(request, name, "remove-old-passwords", TenantSecrets::newestOnly,
                        new AtomicReference<>());
                default -> Reply.error(HttpResponseStatus.BAD_REQUEST, "expected &action=add, replace or remove-old");
            };
        });
    }

    private Reply audit() {
        if (editor().isEmpty()) {
            return notEditable();
        }
        AuditLog audit = auditLog();
        try {
            return Reply.json(ApiViews.audit(audit.file().toString(), audit.latest(AUDIT_ENTRIES)));
        } catch (IOException e) {
            return Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot read " + audit.file() + ": "
                    + e.getMessage());
        }
    }

    private AuditLog auditLog() {
        return AuditLog.besides(editor().orElseThrow().localFile());
    }

    private interface NamedRoute {
        Reply answer(String name) throws ConfigException;
    }

    private Reply withName(Request request, NamedRoute route) {
        if (editor().isEmpty()) {
            return notEditable();
        }
        Optional<String> name = request.param("name").filter(n -> NAME.matcher(n).matches());
        if (name.isEmpty()) {
            return Reply.error(HttpResponseStatus.BAD_REQUEST, "expected ?name=<tenant>: 1 to 64 letters, digits, "
                    + "'_', '.' or '-'");
        }
        try {
            return route.answer(name.get());
        } catch (ConfigException e) {
            return invalid(e);
        }
    }

    /** Makes the change, audits it; {@code action} null means create or update, as the source had it. */
    private Reply change(Request request, String name, String action, TenantEditor.Change change,
                         AtomicReference<String> generated) {
        ProxyAdmin.TenantChange done;
        try {
            done = admin.editTenant(name, change, TRIGGER);
        } catch (ConfigException e) {
            return invalid(e);
        } catch (TenantEditor.EditConflict e) {
            return Reply.error(HttpResponseStatus.CONFLICT, e.getMessage() + "; try again");
        }
        TenantEditor.TenantEdit edit = done.edit();
        String what = action != null ? action : edit.before() == null ? "create-tenant" : "update-tenant";
        AuditLog audit = auditLog();
        try {
            audit.append(new AuditLog.Entry(Instant.now().toString(), request.client(),
                    request.header(Request.OPERATOR).orElse(null), what, name, TenantSecrets.masked(edit.before()),
                    TenantSecrets.masked(edit.after()), done.load().accepted(), done.load().generation()));
        } catch (IOException e) {
            log.error("tenant '{}' changed ({}) but the audit log {} could not be written", name, what,
                    audit.file(), e);
        }
        return Reply.json(ApiViews.tenantChanged(name, what, generated.get(), ApiViews.load(done.load())));
    }

    private Reply notEditable() {
        return Reply.error(HttpResponseStatus.NOT_IMPLEMENTED, admin.configSource()
                + ": tenants of this source cannot be changed from the console");
    }

    private static Reply unknown(String name) {
        return Reply.error(HttpResponseStatus.NOT_FOUND, "no tenant named '" + name + "'");
    }

    private static Reply invalid(ConfigException e) {
        List<String> problems = e.problems();
        return Reply.json(HttpResponseStatus.UNPROCESSABLE_ENTITY,
                ApiViews.rejected("refused, nothing changed: " + String.join("; ", problems), problems));
    }
}
