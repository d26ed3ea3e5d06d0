package io.grapevine.node.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InflightShareTest {
    /** Runs queued tasks when asked, like an event loop turning. */
    private static final class Loop implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void turn() {
            for (Runnable r; (r = tasks.poll()) != null; ) {
                r.run();
            }
        }
    }

    @Test
    void aWaitingShareIsWokenWithItsGrantAndSpendsIt() {
        InflightBudget budget = new InflightBudget(100);
        Loop loop = new Loop();
        AtomicInteger wakes = new AtomicInteger();
        InflightShare a = new InflightShare(budget, loop, () -> { });
        InflightShare b = new InflightShare(budget, loop, wakes::incrementAndGet);
        assertThat(a.reserve(100)).isTrue();
        assertThat(b.reserve(30)).as("nothing in flight: always one chunk").isTrue();
        assertThat(b.reserve(60)).isFalse();
        assertThat(b.reserve(60)).as("already waiting: not queued twice").isFalse();
        assertThat(budget.queued()).isEqualTo(1);
        a.release(100);
        assertThat(wakes.get()).as("the grant runs on b's loop").isZero();
        loop.turn();
        assertThat(wakes.get()).isEqualTo(1);
        assertThat(b.reserve(60)).as("spends the grant").isTrue();
        assertThat(b.held()).isEqualTo(90);
        b.release(30);
        b.release(60);
        assertThat(budget.used()).isZero();
    }

    @Test
    void unspentCreditGoesBack() {
        InflightBudget budget = new InflightBudget(100);
        Loop loop = new Loop();
        InflightShare a = new InflightShare(budget, loop, () -> { });
        InflightShare b = new InflightShare(budget, loop, () -> { });
        a.reserve(100);
        b.reserve(50);
        assertThat(b.reserve(50)).isFalse();
        a.release(100);
        loop.turn();
        b.returnCredit(); // b had nothing more to ask for
        assertThat(b.held()).isEqualTo(50);
        assertThat(budget.used()).isEqualTo(50);
    }

    @Test
    void anEndedShareGivesEverythingBackIncludingLateGrants() {
        InflightBudget budget = new InflightBudget(100);
        Loop loop = new Loop();
        InflightShare a = new InflightShare(budget, loop, () -> { });
        InflightShare b = new InflightShare(budget, loop, () -> { });
        a.reserve(80);
        b.reserve(30);
        assertThat(b.reserve(30)).isFalse();
        a.releaseAll(); // a's stream failed: its 80 go back, b is granted 30
        b.releaseAll(); // b fails before its grant reaches its loop
        loop.turn();
        assertThat(budget.used()).isZero();
        assertThat(b.reserve(10)).as("ended").isFalse();
        b.release(10); // ignored once ended
        assertThat(budget.used()).isZero();
    }

    @Test
    void aGrantToAStoppedLoopIsGivenBack() {
        InflightBudget budget = new InflightBudget(100);
        Executor stopped = r -> {
            throw new RejectedExecutionException("shut down");
        };
        InflightShare a = new InflightShare(budget, r -> { }, () -> { });
        InflightShare b = new InflightShare(budget, stopped, () -> { });
        a.reserve(100);
        b.reserve(10);
        assertThat(b.reserve(10)).isFalse();
        a.release(100);
        assertThat(budget.used()).isEqualTo(10);
    }
}
