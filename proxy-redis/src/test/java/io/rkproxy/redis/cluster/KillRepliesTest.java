package io.rkproxy.redis.cluster;

import static io.rkproxy.redis.RespValues.OK;
import static io.rkproxy.redis.RespValues.error;
import static io.rkproxy.redis.RespValues.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.rkproxy.redis.RecordedReply;
import org.junit.jupiter.api.Test;

class KillRepliesTest {

    private static final String NOTBUSY = "NOTBUSY No scripts in execution right now.";
    private static final String UNKILLABLE = "UNKILLABLE Sorry the script already executed write commands against "
            + "the dataset.";

    private final RecordedReply client = new RecordedReply();

    @Test
    void theOkOfAMasterThatStoppedAScriptWinsWhenEveryMasterHasAnswered() {
        KillReplies replies = new KillReplies(3, client);
        replies.part().onReply(frame(error(UNKILLABLE)));
        replies.part().onReply(frame(OK));
        assertFalse(client.answered());
        replies.part().onReply(frame(error(NOTBUSY)));
        assertEquals(OK, client.value());
    }

    @Test
    void anUnkillableScriptIsReportedOverMastersRunningNone() {
        KillReplies replies = new KillReplies(3, client);
        replies.part().onReply(frame(error(NOTBUSY)));
        replies.part().onError("ERR backend pool 'big' is unavailable: connection lost");
        replies.part().onReply(frame(error(UNKILLABLE)));
        assertEquals(UNKILLABLE, client.error());
    }

    @Test
    void withNoScriptRunningAnywhereTheClientGetsTheFirstAnswer() {
        KillReplies replies = new KillReplies(2, client);
        replies.part().onReply(frame(error(NOTBUSY)));
        replies.part().onError("ERR backend pool 'big' is unavailable: connection lost");
        assertEquals(NOTBUSY, client.error());
    }
}
