package io.aetherfs.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time from {@code /proc}: of processes with their child processes (nginx's workers, PostgreSQL's
 * backends), and of the whole machine. Linux reports both in clock ticks of 1/100 s.
 */
final class ProcCpu {
    private static final double TICK = 0.01;

    private ProcCpu() {}

    /**
     * A point in time: the CPU seconds of the server processes and of the stores' processes (NaN when
     * there are none: embedded stores live inside the server), the machine's busy CPU seconds, wall time.
     */
    record Sample(double process, double stores, double machineBusy, long nanos) {}

    /** Samples the CPU time of {@code pid} and its live children (0 = no process). */
    static Sample sample(long pid) {
        return sample(pid > 0 ? List.of(pid) : List.of(), List.of());
    }

    /** Samples the CPU time of the server processes {@code pids} and the stores' {@code storePids}, with children. */
    static Sample sample(List<Long> pids, List<Long> storePids) {
        return new Sample(
                treeSeconds(pids),
                storePids.isEmpty() ? Double.NaN : treeSeconds(storePids),
                machineBusySeconds(),
                System.nanoTime());
    }

    /** Returns the cores used between two samples: process, client (given as seconds), stores, machine. */
    static Throughput.Cpu between(Sample a, Sample b, double clientSeconds, boolean hasProcess) {
        double wall = (b.nanos() - a.nanos()) / 1e9;
        return new Throughput.Cpu(
                hasProcess ? (b.process() - a.process()) / wall : Double.NaN,
                clientSeconds / wall,
                (b.machineBusy() - a.machineBusy()) / wall,
                Runtime.getRuntime().availableProcessors(),
                (b.stores() - a.stores()) / wall);
    }

    private static double treeSeconds(List<Long> roots) {
        List<Long> pids = new ArrayList<>();
        for (long pid : roots) {
            pids.add(pid);
            ProcessHandle.of(pid).ifPresent(h -> h.children().forEach(c -> pids.add(c.pid())));
        }
        double seconds = 0;
        for (long p : pids) {
            seconds += processSeconds(p);
        }
        return seconds;
    }

    private static double processSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 3, utime field 14, stime field 15
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return (total - idle) * TICK;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
