package org.tgari.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * CPU time of a set of threads (ThreadMXBean), so a benchmark can charge a component only for the threads
 * it runs on: the event loops behind a set of Vert.x contexts, say, and not the whole process; plus,
 * optionally, every live thread whose name has a given prefix (carriers of virtual threads come and go).
 */
final class ThreadCpu {

    private final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    private final Set<Long> threads;
    private final String namePrefix;

    private ThreadCpu(Set<Long> threads, String namePrefix) {
        if (!bean.isThreadCpuTimeSupported()) throw new IllegalStateException("this JVM cannot measure per-thread CPU time");
        if (!bean.isThreadCpuTimeEnabled()) bean.setThreadCpuTimeEnabled(true);
        this.threads = Set.copyOf(threads);
        this.namePrefix = namePrefix;
    }

    /** These threads and also every live thread whose name starts with {@code prefix}. */
    ThreadCpu andThreadsNamed(String prefix) {
        return new ThreadCpu(threads, prefix);
    }

    /** The threads the given contexts run on (asked on each context, so event-loop reuse is seen). */
    static Future<ThreadCpu> of(List<Context> contexts) {
        List<Future<Long>> ids = new ArrayList<>();
        for (Context c : contexts) {
            Promise<Long> p = Promise.promise();
            c.runOnContext(v -> p.complete(Thread.currentThread().threadId()));
            ids.add(p.future());
        }
        return Future.all(ids).map(all -> {
            Set<Long> set = new LinkedHashSet<>();
            for (int i = 0; i < all.size(); i++) set.add(all.resultAt(i));
            return new ThreadCpu(set, null);
        });
    }

    int threadCount() {
        return threads.size();
    }

    /** CPU time so far, ns: user and kernel together, and the kernel's part (system calls, wake-ups). */
    record Sample(long nanos, long kernelNanos) {
        Sample minus(Sample earlier) {
            return new Sample(nanos - earlier.nanos, kernelNanos - earlier.kernelNanos);
        }
    }

    /** The threads' CPU time so far (a thread that has ended counts 0 from then on). */
    Sample sample() {
        long total = 0, user = 0;
        for (long id : threads) {
            total += Math.max(0, bean.getThreadCpuTime(id));
            user += Math.max(0, bean.getThreadUserTime(id));
        }
        if (namePrefix != null) {
            for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
                if (info != null && !threads.contains(info.getThreadId()) && info.getThreadName().startsWith(namePrefix)) {
                    total += Math.max(0, bean.getThreadCpuTime(info.getThreadId()));
                    user += Math.max(0, bean.getThreadUserTime(info.getThreadId()));
                }
            }
        }
        return new Sample(total, total - user);
    }
}
