package io.rkproxy.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.command.CommandRewrite;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TenantFunctionsTest {

    private static final String LIBRARY = "#!lua name=mylib\nredis.register_function('f', function() return 1 end)";

    private final TenantFunctions alice = new TenantFunctions("alice");

    @Test
    void aTenantsNameIsEncodedIntoLowerCaseLettersDigitsAndHexEscapes() {
        assertEquals("rkproxy_alice__", TenantFunctions.prefixOf("alice"));
        assertEquals("rkproxy__41lice__", TenantFunctions.prefixOf("Alice"));
        assertEquals("rkproxy_a_2db__", TenantFunctions.prefixOf("a-b"));
        assertEquals("rkproxy_a_5fb__", TenantFunctions.prefixOf("a_b"));
        assertEquals("rkproxy__c3_a9t_c3_a9__", TenantFunctions.prefixOf("été"));
    }

    @Test
    void noTenantsPrefixStartsAnothersEvenIgnoringCase() {
        Random random = new Random(17);
        String alphabet = "aAbB_-_.:0é";
        for (int n = 0; n < 20_000; n++) {
            String a = name(random, alphabet);
            String b = name(random, alphabet);
            if (!a.equals(b)) {
                String pa = TenantFunctions.prefixOf(a).toLowerCase(Locale.ROOT);
                String pb = TenantFunctions.prefixOf(b).toLowerCase(Locale.ROOT);
                assertFalse(pb.startsWith(pa), a + " / " + b);
            }
        }
    }

    private static String name(Random random, String alphabet) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Test
    void loadNamesTheLibraryForTheTenantAndKeepsTheCodesLineNumbers() {
        String code = loaded(LIBRARY);
        String[] lines = code.split("\n", -1);
        assertEquals(2, lines.length);
        assertEquals("#!lua name=rkproxy_alice__mylib", lines[0]);
        assertTrue(lines[1].startsWith("local redis = (function(real, prefix)"), lines[1]);
        assertTrue(lines[1].endsWith("'); redis.register_function('f', function() return 1 end)"), lines[1]);
    }

    @Test
    void theCodeComesBackAsTheTenantWroteItFirstLineIncluded() {
        for (String original : List.of(LIBRARY, "#!LUA   NAME=x\r\n\n-- two\nlocal a = 1\n", "#!lua name=y\n")) {
            byte[] stored = loaded(original).getBytes(StandardCharsets.UTF_8);
            assertEquals(original, new String(LibraryCode.original(stored, alice.prefix()), StandardCharsets.UTF_8));
        }
        byte[] operators = LIBRARY.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(operators, LibraryCode.original(operators, alice.prefix()), "code the proxy did not write");
    }

    @Test
    void codeThatCannotBeNamespacedGetsRedissError() {
        assertEquals("ERR Missing library metadata", refusal("redis.register_function('f', f)"));
        assertEquals("ERR Invalid library metadata", refusal("#!lua name=x"));
        assertEquals("ERR Library name was not given", refusal("#!lua\nx"));
        assertEquals("ERR Invalid metadata value given: foo=bar", refusal("#!lua name=x foo=bar\nx"));
        assertEquals("ERR Invalid metadata value, name argument was given multiple times",
                refusal("#!lua name=x name=y\nx"));
        assertTrue(refusal("#!lua name=a-b\nx").startsWith("ERR Library names can only contain letters"));
        assertTrue(refusal("#!lua name=\"quoted\"\nx").startsWith("ERR Library names can only contain letters"));
        assertEquals("ERR Engine 'l\"ua' not found", refusal("#!l\"ua name=x\nx"));
    }

    @Test
    void fcallAndDeleteNameTheTenantsOwnEvenWhenTheNameLooksLikeAnotherTenants() {
        assertEquals(List.of("FCALL", "rkproxy_alice__rkproxy_bob__f", "0"),
                rewritten(alice::fcall, "FCALL", "rkproxy_bob__f", "0"));
        assertEquals(List.of("FUNCTION", "DELETE", "rkproxy_alice__mylib"),
                rewritten(alice::delete, "FUNCTION", "DELETE", "mylib"));
    }

    @Test
    void listIsNarrowedToTheTenantsLibraries() {
        assertEquals(List.of("FUNCTION", "LIST", "LIBRARYNAME", "rkproxy_alice__*"),
                rewritten(alice::list, "FUNCTION", "LIST"));
        assertEquals(List.of("FUNCTION", "LIST", "WITHCODE", "libraryname", "rkproxy_alice__my*"),
                rewritten(alice::list, "FUNCTION", "LIST", "WITHCODE", "libraryname", "my*"));
    }

    @Test
    void aListingShowsOnlyTheTenantsLibrariesWithTheirOwnNames() {
        RespValue reply = new RespValue.Array(List.of(library("rkproxy_alice__mylib", "rkproxy_alice__f"),
                library("rkproxy_bob__mylib", "rkproxy_bob__f"), library("operators", "op")));
        assertEquals(new RespValue.Array(List.of(library("mylib", "f"))), alice.listed(reply));
        assertEquals(1, alice.backendNames(reply).size());
        assertEquals(new RespValue.Error("ERR Function f already exists"),
                alice.error(new RespValue.Error("ERR Function rkproxy_alice__f already exists")));
    }

    private static RespValue library(String name, String function) {
        return new RespValue.Dict(List.of(bulk("library_name"), bulk(name), bulk("engine"), bulk("LUA"),
                bulk("functions"), new RespValue.Array(List.of(new RespValue.Dict(List.of(bulk("name"),
                        bulk(function), bulk("description"), RespValue.NULL, bulk("flags"),
                        new RespValue.Array(List.of())))))));
    }

    private static RespValue bulk(String text) {
        return new RespValue.Bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    private String loaded(String code) {
        CommandRewrite rewrite = load("FUNCTION", "LOAD", code);
        assertTrue(rewrite.error().isEmpty(), rewrite.error().toString());
        return args(rewrite.command()).get(2);
    }

    private String refusal(String code) {
        return load("FUNCTION", "LOAD", "REPLACE", code).error().orElseThrow();
    }

    private CommandRewrite load(String... args) {
        RespCommand command = RespCommand.of(args);
        try {
            return alice.load(command);
        } finally {
            command.release();
        }
    }

    private static List<String> rewritten(UnaryOperator<RespCommand> rewrite, String... args) {
        RespCommand command = RespCommand.of(args);
        try {
            return args(rewrite.apply(command));
        } finally {
            command.release();
        }
    }

    private static List<String> args(RespCommand command) {
        try {
            return java.util.stream.IntStream.range(0, command.argCount()).mapToObj(command::argString).toList();
        } finally {
            command.release();
        }
    }
}
