package io.grapevine.node.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InflightBudgetTest {
    @Test
    void takesWhatFitsAndQueuesTheRest() {
        InflightBudget budget = new InflightBudget(100);
        List<Long> grants = new ArrayList<>();
        assertThat(budget.take(60, false, grants::add)).isTrue();
        assertThat(budget.take(30, false, grants::add)).isTrue();
        assertThat(budget.take(20, false, grants::add)).isFalse();
        assertThat(budget.used()).isEqualTo(90);
        assertThat(budget.queued()).isEqualTo(1);
        budget.give(30);
        assertThat(grants).containsExactly(20L);
        assertThat(budget.used()).isEqualTo(80);
        assertThat(budget.queued()).isZero();
    }

    @Test
    void grantsInArrivalOrderAndNobodyJumpsTheQueue() {
        InflightBudget budget = new InflightBudget(100);
        List<String> order = new ArrayList<>();
        assertThat(budget.take(100, false, b -> order.add("x"))).isTrue();
        assertThat(budget.take(50, false, b -> order.add("a"))).isFalse();
        assertThat(budget.take(10, false, b -> order.add("b"))).isFalse();
        budget.give(40);
        // 40 free: "a" (50) does not fit, and "b" (10) must not pass it.
        assertThat(order).isEmpty();
        assertThat(budget.take(5, false, b -> order.add("c"))).as("the queue is not empty").isFalse();
        budget.give(60);
        assertThat(order).containsExactly("a", "b", "c");
        assertThat(budget.used()).isEqualTo(65);
    }

    @Test
    void aClientWithNothingInFlightAlwaysGetsOneChunk() {
        InflightBudget budget = new InflightBudget(100);
        assertThat(budget.take(100, false, b -> { })).isTrue();
        assertThat(budget.take(100, true, b -> { })).isTrue();
        assertThat(budget.used()).isEqualTo(200);
    }

    @Test
    void aRequestLargerThanTheWholeBudgetIsGrantedOnceNothingElseIsOut() {
        InflightBudget budget = new InflightBudget(100);
        List<Long> grants = new ArrayList<>();
        assertThat(budget.take(10, false, b -> { })).isTrue();
        assertThat(budget.take(250, false, grants::add)).isFalse();
        budget.give(10);
        assertThat(grants).containsExactly(250L);
        budget.give(250);
        assertThat(budget.used()).isZero();
    }

    @Test
    void givingBackMoreThanWasTakenIsABug() {
        InflightBudget budget = new InflightBudget(100);
        budget.take(10, false, b -> { });
        assertThatThrownBy(() -> budget.give(11)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new InflightBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyThreadsTakingAndGivingBackLeaveNothingTaken() throws Exception {
        InflightBudget budget = new InflightBudget(1_000);
        AtomicLong peak = new AtomicLong();
        ConcurrentLinkedQueue<Long> granted = new ConcurrentLinkedQueue<>();
        int threads = 8;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                for (int i = 0; i < 20_000; i++) {
                    long n = 1 + r.nextInt(200);
                    if (budget.take(n, false, granted::add)) {
                        peak.accumulateAndGet(budget.used(), Math::max);
                        budget.give(n);
                    }
                    Long g = granted.poll(); // a grant owns its bytes: spend and give them back
                    if (g != null) {
                        budget.give(g);
                    }
                }
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        for (Long g; (g = granted.poll()) != null; ) {
            budget.give(g);
        }
        assertThat(budget.queued()).isZero();
        assertThat(budget.used()).isZero();
        assertThat(peak.get()).isLessThanOrEqualTo(1_000);
    }
}
