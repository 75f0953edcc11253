package io.rkproxy.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransactionStateTest {

    @Test
    void transactionStateRefusesToDoomWhatIsNotAMulti() {
        assertThrows(IllegalStateException.class, () -> TransactionState.NONE.next(TransactionState.DOOMED));
        assertThrows(IllegalStateException.class, () -> TransactionState.WATCHING.next(TransactionState.DOOMED));
        assertEquals(TransactionState.DOOMED, TransactionState.QUEUING.next(TransactionState.DOOMED));
    }

    @Test
    void aDoomedTransactionOnlyEnds() {
        assertThrows(IllegalStateException.class, () -> TransactionState.DOOMED.next(TransactionState.QUEUING));
        assertThrows(IllegalStateException.class, () -> TransactionState.DOOMED.next(TransactionState.WATCHING));
        assertEquals(TransactionState.NONE, TransactionState.DOOMED.next(TransactionState.NONE));
    }

    @Test
    void watchingKeepsThePinnedConnectionAndMultiMayFollow() {
        assertTrue(TransactionState.WATCHING.holdsConnection());
        assertFalse(TransactionState.WATCHING.inMulti());
        assertEquals(TransactionState.QUEUING, TransactionState.WATCHING.next(TransactionState.QUEUING));
        assertThrows(IllegalStateException.class, () -> TransactionState.QUEUING.next(TransactionState.WATCHING));
        assertFalse(TransactionState.NONE.holdsConnection());
    }
}
