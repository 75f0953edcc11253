package io.rkproxy.redis.cluster;

import static io.rkproxy.redis.RespValues.array;
import static io.rkproxy.redis.RespValues.bulk;
import static io.rkproxy.redis.RespValues.error;
import static io.rkproxy.redis.RespValues.frame;
import static io.rkproxy.redis.RespValues.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.redis.RecordedReply;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GatherTest {

    private static final Function<List<RespValue>, RespValue> IN_PART_ORDER = RespValue.Array::new;
    private static final Function<List<RespValue>, RespValue> NEVER = replies -> {
        throw new AssertionError("merged although a part failed");
    };

    private final RecordedReply client = new RecordedReply();

    @Test
    void answersOnceEveryPartHasWithTheMergeOfThePartsInTheirOrder() {
        Gather gather = new Gather(3, Protocol.RESP2, client, IN_PART_ORDER);
        gather.part(2).onReply(frame(integer(2)));
        gather.part(0).onReply(frame(integer(0)));
        assertFalse(client.answered());
        gather.part(1).onReply(frame(integer(1)));
        assertEquals(array(integer(0), integer(1), integer(2)), client.value());
    }

    @Test
    void anErrorReplyFromAPartIsTheAnswerAndNothingIsMerged() {
        Gather gather = new Gather(2, Protocol.RESP2, client, NEVER);
        gather.part(0).onReply(frame(error("MOVED 1 10.0.0.2:7000")));
        gather.part(1).onReply(frame(integer(1)));
        assertEquals("MOVED 1 10.0.0.2:7000", client.error());
    }

    @Test
    void whenSeveralPartsFailTheClientGetsTheErrorOfTheFirstPartWhicheverCameFirst() {
        Gather gather = new Gather(3, Protocol.RESP2, client, NEVER);
        gather.part(2).onError("ERR backend pool 'big' is unavailable: node 3: connection lost");
        gather.part(1).onReply(frame(error("LOADING Redis is loading the dataset in memory")));
        gather.part(0).onReply(frame(integer(1)));
        assertEquals("LOADING Redis is loading the dataset in memory", client.error());
    }

    @Test
    void aMergeThatCannotReadThePartsIsAnError() {
        Gather gather = new Gather(1, Protocol.RESP2, client, replies -> replies.get(0).items().get(0));
        gather.part(0).onReply(frame(integer(1)));
        assertEquals(Gather.MERGE_FAILED + "not an array: Int[value=1]", client.error());
    }

    @Test
    void theMergeIsWrittenInTheSessionsProtocol() {
        Function<List<RespValue>, RespValue> asMap = replies -> new RespValue.Dict(List.of(bulk("n"), replies.get(0)));
        RecordedReply resp2 = new RecordedReply();
        Gather two = new Gather(1, Protocol.RESP2, resp2, asMap);
        two.part(0).onReply(frame(RespValue.NULL));
        Gather three = new Gather(1, Protocol.RESP3, client, asMap);
        three.part(0).onReply(frame(RespValue.NULL));
        assertEquals("*2\r\n$1\r\nn\r\n$-1\r\n", resp2.frame());
        assertEquals("%1\r\n$1\r\nn\r\n_\r\n", client.frame());
    }
}
