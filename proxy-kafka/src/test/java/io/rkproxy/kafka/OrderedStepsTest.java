package io.rkproxy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderedStepsTest {

    private final OrderedSteps steps = new OrderedSteps();
    private final List<String> ran = new ArrayList<>();

    @Test
    void aStepRunsAtOnceWhenNothingWaits() {
        steps.run(() -> ran.add("now"));
        assertEquals(List.of("now"), ran);
    }

    @Test
    void stepsReadyNowWaitBehindAnEarlierOneThatIsNot() {
        OrderedSteps.Step cold = steps.reserve();
        steps.run(() -> ran.add("cached 1"));
        steps.run(() -> ran.add("cached 2"));
        assertEquals(List.of(), ran);
        steps.complete(cold, () -> ran.add("cold"));
        assertEquals(List.of("cold", "cached 1", "cached 2"), ran);
    }

    @Test
    void stepsCompletedOutOfOrderRunInTheOrderTheyWereTaken() {
        OrderedSteps.Step first = steps.reserve();
        OrderedSteps.Step second = steps.reserve();
        steps.complete(second, () -> ran.add("second"));
        assertEquals(List.of(), ran);
        steps.complete(first, () -> ran.add("first"));
        assertEquals(List.of("first", "second"), ran);
        steps.run(() -> ran.add("after"));
        assertEquals(List.of("first", "second", "after"), ran);
    }
}
