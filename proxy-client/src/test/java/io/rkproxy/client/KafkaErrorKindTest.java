package io.rkproxy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each error text of docs/commands.md ("Kafka pools") maps to its kind. */
class KafkaErrorKindTest {

    static Stream<Arguments> documentedErrors() {
        return Stream.of(
                Arguments.of("NOPERM tenant 'shop' may not produce topic 'orders'", KafkaErrorKind.NO_PERMISSION),
                Arguments.of("NOPERM tenant 'shop' is read-only", KafkaErrorKind.NO_PERMISSION),
                Arguments.of("ERR unknown topic 'orders'", KafkaErrorKind.UNKNOWN_TOPIC),
                Arguments.of("PROD unknown topic 'orders'", KafkaErrorKind.UNKNOWN_TOPIC),
                Arguments.of("CONS Failed to register Consumer: unknown topic 'orders'", KafkaErrorKind.UNKNOWN_TOPIC),
                Arguments.of("ERR kafka pool 'events' is unavailable: timed out: Timed out waiting",
                        KafkaErrorKind.UNAVAILABLE),
                Arguments.of("PROD kafka pool 'events' is unavailable: KafkaException: closed",
                        KafkaErrorKind.UNAVAILABLE),
                Arguments.of("CONS Failed to register Consumer: kafka pool 'events' is unavailable: timed out: x",
                        KafkaErrorKind.UNAVAILABLE),
                Arguments.of("ERR topic 'orders' has no partition 4 (it has 2)", KafkaErrorKind.BAD_PARTITION),
                Arguments.of("ERR partition is not an integer or out of range", KafkaErrorKind.BAD_PARTITION),
                Arguments.of("ERR offset 90 is out of range for partition 0 of topic 'orders' (log start 0, end 12)",
                        KafkaErrorKind.BAD_OFFSET),
                Arguments.of("ERR offset is not an integer or out of range", KafkaErrorKind.BAD_OFFSET),
                Arguments.of("Command not supported: GET", KafkaErrorKind.NOT_SUPPORTED),
                Arguments.of("ERR unknown command 'kpush', with args beginning with: 'orders' ",
                        KafkaErrorKind.NOT_SUPPORTED),
                Arguments.of("ERR rate limit exceeded", KafkaErrorKind.TENANT_LIMIT),
                Arguments.of("ERR request too large: 2048 bytes, the limit is 1024 (max-request-bytes)",
                        KafkaErrorKind.TENANT_LIMIT),
                Arguments.of("CONS id billing:one is already taken", KafkaErrorKind.CONSUMER),
                Arguments.of("CONS Cannot parse ack: 'bad'", KafkaErrorKind.CONSUMER),
                Arguments.of("PROD DUMP accepts 1 argument, got 0", KafkaErrorKind.PRODUCER),
                Arguments.of("ERR count must be between 1 and 10000", KafkaErrorKind.OTHER),
                Arguments.of("ERR 'kpush' is not allowed inside a transaction by rkproxy", KafkaErrorKind.OTHER),
                Arguments.of("ERR wrong number of arguments for 'kpush' command", KafkaErrorKind.OTHER));
    }

    @ParameterizedTest
    @MethodSource("documentedErrors")
    void eachDocumentedErrorHasItsKind(String message, KafkaErrorKind kind) {
        assertEquals(kind, KafkaErrorKind.of(message));
    }
}
