package org.mesogun.controller;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.mesogun.config.Calibration;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.config.Protocol;
import org.mesogun.config.SafetyLimits;
import org.mesogun.controller.safety.NeedleCounters;
import org.mesogun.harness.SafetyJudge;
import org.mesogun.harness.SimFixtures;
import org.mesogun.harness.Violation;
import org.mesogun.simulator.SimFault;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.TruthListener;
import org.mesogun.simulator.VirtualClock;

/**
 * One random session of the property tests (requirements §12): a random actor does random things to the
 * simulated gun on virtual time at 1 kHz while the controller runs and the simulator's
 * {@link SafetyJudge} watches the true state. Everything derives from one seed: the simulator's
 * seed, the run's settings and the actor's {@link Plan} (plain data, so a failing plan can be
 * shrunk by deleting events and replayed).
 */
final class RandomSession {

    static final long MS = 1_000_000L;
    /** Follow the panel in the trace (for a replay; it costs a string a tick). */
    static boolean TRACE_PANEL = Boolean.getBoolean("mesogun.properties.panel");
    static final DeviceConfig CONFIG = ConfigLoader.load(Path.of("config"));

    private RandomSession() {
    }

    // ---------------------------------------------------------------- the plan: data only

    enum Kind {
        TRIGGER, SKIN, UP, DOWN, SELECT, STOP, NEEDLE_OUT, NEEDLE_IN, FAULT_ON, FAULT_OFF,
        PRESET_PROTOCOL, PRESET_DEPTH_DOSE, PRESET_LOT, START, ACK, CHANGE_NEEDLE
    }

    /** One thing the actor does {@code at} ns after the random phase begins. */
    record Event(long at, Kind kind, long a, double x, double y) {
        @Override
        public String toString() {
            String arg = switch (kind) {
                case TRIGGER, SKIN, UP, DOWN, SELECT, STOP -> a != 0 ? "on" : "off";
                case NEEDLE_IN -> a != 0 ? "fresh" : "same needle";
                case FAULT_ON, FAULT_OFF -> SimFault.values()[(int) a].cliName();
                case PRESET_PROTOCOL -> "#" + a;
                case PRESET_DEPTH_DOSE -> String.format(Locale.ROOT, "%.2f mm %.1f uL", x, y);
                case PRESET_LOT -> Long.toString(a);
                default -> "";
            };
            return String.format(Locale.ROOT, "%8.1f ms %s %s", at / 1e6, kind, arg).trim();
        }
    }

    /** The run's settings (tightened within what the config allows, so limits are reached). */
    record Setup(long simSeed, int protocol, double depthMm, double doseUl, long lot, boolean session,
            int punctureLimit, double sessionCapUl, double syringeUl, double reserveUl, double initialMm) {
    }

    record Plan(long seed, Setup setup, List<Event> events, long phaseNanos) {
        Plan without(int from, int to) {
            List<Event> e = new ArrayList<>(events.subList(0, from));
            e.addAll(events.subList(to, events.size()));
            return new Plan(seed, setup, e, phaseNanos);
        }
    }

    /** The plan a seed stands for. */
    static Plan plan(long seed, long phaseNanos) {
        SplittableRandom root = new SplittableRandom(seed);
        long simSeed = root.nextLong();
        SplittableRandom r = root.split();
        List<Protocol> protocols = CONFIG.protocols();
        int protocol = r.nextInt(protocols.size());
        Protocol p = protocols.get(protocol);
        double depth = Double.NaN;
        double dose = Double.NaN;
        if (r.nextInt(2) == 0) {
            // Within the soft limits mostly; beyond them (and beyond the hard ones) sometimes.
            boolean wild = r.nextInt(4) == 0;
            depth = wild ? 0.2 + 4.6 * r.nextDouble() : between(r, p.softDepthMm().min(), p.softDepthMm().max());
            dose = wild ? 0.5 + 250 * r.nextDouble() : between(r, p.softDoseUl().min(), p.softDoseUl().max());
        }
        long lot = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(999_999);
        boolean session = r.nextInt(100) < 85;
        int punctureLimit = r.nextInt(3) == 0 ? CONFIG.needle().punctureLimit() : 2 + r.nextInt(30);
        double cap = r.nextInt(3) == 0 ? CONFIG.session().maxDoseUl() : 30 + r.nextInt(800);
        double syringe = r.nextInt(2) == 0 ? CONFIG.syringe().volumeUl() : 2000;
        double reserve = r.nextInt(2) == 0 ? CONFIG.syringe().reserveUl() : 100 + r.nextInt((int) syringe - 300);
        Setup setup = new Setup(simSeed, protocol, depth, dose, lot, session, punctureLimit, cap, syringe, reserve,
                Math.round((1 + 22 * r.nextDouble()) * 100) / 100.0);

        List<Event> ev = new ArrayList<>();
        long t = 0;
        while (t < phaseNanos) {
            int w = r.nextInt(100);
            if (w < 30) {
                point(r, ev, t);
            } else if (w < 40) {
                press(r, ev, t, Kind.TRIGGER);
            } else if (w < 48) {
                long hold = duration(r);
                ev.add(new Event(t, Kind.SKIN, r.nextInt(4) == 0 ? 0 : 1, 0, 0));
                ev.add(new Event(t + hold, Kind.SKIN, r.nextInt(2), 0, 0));
            } else if (w < 58) {
                Kind b = switch (r.nextInt(3)) {
                    case 0 -> Kind.UP;
                    case 1 -> Kind.DOWN;
                    default -> Kind.SELECT;
                };
                press(r, ev, t, b);
            } else if (w < 62) {
                ev.add(new Event(t, Kind.NEEDLE_OUT, 0, 0, 0));
                boolean longOut = r.nextBoolean();
                long out = longOut ? 300 * MS + r.nextLong(1_200 * MS) : r.nextLong(1, 290 * MS);
                // Out long enough to count as a change: a fresh needle goes in (refitting a used
                // one then is a clinician's lie the gun cannot see). Out briefly: either.
                ev.add(new Event(t + out, Kind.NEEDLE_IN, longOut || r.nextBoolean() ? 1 : 0, 0, 0));
            } else if (w < 65) {
                ev.add(new Event(t, Kind.STOP, 1, 0, 0));
                ev.add(new Event(t + r.nextLong(2 * MS, 400 * MS), Kind.STOP, 0, 0, 0));
            } else if (w < 70) {
                SimFault f = SimFault.values()[r.nextInt(SimFault.values().length)];
                if (f == SimFault.POWER_LOSS && r.nextInt(4) != 0) {
                    f = SimFault.LOST_STEPS;   // power loss ends the run: keep it rare
                }
                ev.add(new Event(t, Kind.FAULT_ON, f.ordinal(), 0, 0));
                ev.add(new Event(t + r.nextLong(5 * MS, 2_000 * MS), Kind.FAULT_OFF, f.ordinal(), 0, 0));
            } else if (w < 74) {
                switch (r.nextInt(3)) {
                    case 0 -> ev.add(new Event(t, Kind.PRESET_PROTOCOL, r.nextInt(protocols.size()), 0, 0));
                    case 1 -> ev.add(new Event(t, Kind.PRESET_DEPTH_DOSE, 0, 0.2 + 4.6 * r.nextDouble(),
                            0.5 + 250 * r.nextDouble()));
                    default -> ev.add(new Event(t, Kind.PRESET_LOT, r.nextInt(1_000_000), 0, 0));
                }
            } else if (w < 80) {
                ev.add(new Event(t, Kind.ACK, 0, 0, 0));
            } else if (w < 84) {
                ev.add(new Event(t, Kind.START, 0, 0, 0));
            } else if (w < 87) {
                ev.add(new Event(t, Kind.CHANGE_NEEDLE, 0, 0, 0));
            }
            // else: the actor waits
            t += (long) (-Math.log(1 - r.nextDouble()) * 150 * MS);
        }
        ev.sort((a, b) -> Long.compare(a.at, b.at));
        return new Plan(seed, setup, List.copyOf(ev), phaseNanos);
    }

    private static double between(SplittableRandom r, double lo, double hi) {
        return Math.round((lo + (hi - lo) * r.nextDouble()) * 10) / 10.0;
    }

    /** Very short (under the debounce), short, ordinary, or long. */
    private static long duration(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextLong(MS / 2, 5 * MS);
            case 1 -> r.nextLong(5 * MS, 40 * MS);
            case 2 -> r.nextLong(40 * MS, 400 * MS);
            default -> r.nextLong(400 * MS, 2_500 * MS);
        };
    }

    /** A press, sometimes bouncing: a few on/off flickers 0.5–3 ms apart at either end. */
    private static void press(SplittableRandom r, List<Event> ev, long t, Kind k) {
        long hold = duration(r);
        long at = t;
        if (r.nextInt(5) == 0) {
            for (int i = r.nextInt(1, 4); i > 0; i--) {
                ev.add(new Event(at, k, 1, 0, 0));
                at += r.nextLong(MS / 2, 3 * MS);
                ev.add(new Event(at, k, 0, 0, 0));
                at += r.nextLong(MS / 2, 3 * MS);
            }
        }
        ev.add(new Event(at, k, 1, 0, 0));
        ev.add(new Event(at + hold, k, 0, 0, 0));
        if (r.nextInt(5) == 0) {
            at += hold;
            for (int i = r.nextInt(1, 4); i > 0; i--) {
                at += r.nextLong(MS / 2, 3 * MS);
                ev.add(new Event(at, k, 1, 0, 0));
                at += r.nextLong(MS / 2, 3 * MS);
                ev.add(new Event(at, k, 0, 0, 0));
            }
        }
    }

    /** A clinician's point: onto the skin, pull the trigger, release, lift off (each timed at random). */
    private static void point(SplittableRandom r, List<Event> ev, long t) {
        long pull = t + r.nextLong(0, 60 * MS);
        long hold = r.nextInt(3) == 0 ? duration(r) : r.nextLong(20 * MS, 300 * MS);
        long lift = pull + hold + r.nextLong(0, 250 * MS);
        ev.add(new Event(t, Kind.SKIN, 1, 0, 0));
        ev.add(new Event(pull, Kind.TRIGGER, 1, 0, 0));
        ev.add(new Event(pull + hold, Kind.TRIGGER, 0, 0, 0));
        ev.add(new Event(lift, Kind.SKIN, 0, 0, 0));
    }

    // ---------------------------------------------------------------- running a plan

    /** What a run did and what the judge saw. */
    record Outcome(Plan plan, boolean guarded, List<Violation> violations, int sessions, long shots,
            int punctures, long faults, long virtualNanos, long ticks, List<String> trace) {

        boolean violated() {
            return !violations.isEmpty();
        }

        String describe(int maxEvents) {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "seed %d (%s controller): %s%n  setup %s%n",
                    plan.seed(), guarded ? "guarded" : "UNGUARDED", violations, plan.setup()));
            long first = violations.isEmpty() ? Long.MAX_VALUE : violations.get(0).atNanos();
            b.append("  trace up to the first violation:\n");
            int n = 0;
            for (String line : trace) {
                double ms = Double.parseDouble(line.trim().substring(0, line.trim().indexOf(' ')));
                if (first != Long.MAX_VALUE && ms * 1e6 > first + 50 * MS) {
                    break;
                }
                if (n++ >= maxEvents) {
                    b.append("  ...\n");
                    break;
                }
                b.append("    ").append(line).append('\n');
            }
            if (first != Long.MAX_VALUE) {
                b.append(String.format(Locale.ROOT, "  first violation at t=%.1f ms%n", first / 1e6));
            }
            b.append("  replay: -Dmesogun.properties.replay=").append(plan.seed());
            return b.toString();
        }
    }

    static Outcome run(Plan plan, boolean guarded) {
        return run(plan, guarded, false);
    }

    /**
     * @param midSessionPresets let the preset shortcuts change protocol, depth and dose while a
     *                          session runs, which the panel cannot: a stand-in for a state
     *                          machine bug the monitor alone must then contain
     */
    static Outcome run(Plan plan, boolean guarded, boolean midSessionPresets) {
        return run(plan, guarded, midSessionPresets, null);
    }

    /** @param trace sees every tick and event (MachineTraceTest), or null */
    static Outcome run(Plan plan, boolean guarded, boolean midSessionPresets, SimulationRunTap trace) {
        return run(plan, guarded, midSessionPresets, trace, new ServiceMailbox());
    }

    /** What a test sees of every tick and event; the trace and the console's interruptions are such. */
    interface SimulationRunTap extends org.mesogun.harness.SimulationRun.TickTap {
    }

    /** @param mailbox the console's way in, for a test that holds, resets or acknowledges from it */
    static Outcome run(Plan plan, boolean guarded, boolean midSessionPresets, SimulationRunTap trace,
            ServiceMailbox mailbox) {
        Setup su = plan.setup();
        SimSpec spec = SimSpec.builder().seed(su.simSeed()).syringe(su.syringeUl(), CONFIG.syringe().boreMm())
                .initialMm(su.initialMm()).build();
        Calibration cal = SimFixtures.factoryCalibration(spec);
        ControllerSettings base = SettingsFactory.from(CONFIG, cal, true, null);
        ControllerSettings s = new ControllerSettings(base.periodNanos(), base.watchdogNanos(), base.stepsPerMm(),
                base.zeroSteps(), base.parkClearanceMm(), base.parkFlagMarginMm(), base.maxDepthMm(),
                base.positionToleranceSteps(), base.fast(), base.homing(), base.travelMm(), base.maxOpenMicros(),
                base.maxDutyCycle(), base.flowUlPerMs(), base.flowOffsetUl(),
                new org.mesogun.config.SyringeConfig(java.util.List.of(new org.mesogun.config.SyringeType("test",
                        su.syringeUl(), CONFIG.syringe().boreMm())), su.reserveUl(), CONFIG.syringe().flowDropEmpty()),
                base.closedLoop(), su.reserveUl(), su.sessionCapUl(),
                base.minShotIntervalNanos(), su.punctureLimit(), base.needleTimeLimitNanos(),
                base.hubRemovedNanos(), true, null, base.protocols(), base.nominal());
        VirtualClock clock = new VirtualClock(0);
        SimulatedGun gun = new SimulatedGun(spec, clock);
        Judges judges = new Judges(gun, s, spec);
        gun.listen(judges);
        EventSink sink = trace == null ? judges : new org.mesogun.telemetry.TeeSink(judges, trace);
        Controller controller = guarded
                ? new Controller(gun, s, NeedleCounters.inMemory(), sink, mailbox, false)
                : Controller.unguardedForTests(gun, s, NeedleCounters.inMemory(), sink);
        InjectionMachine m = controller.machine();
        m.presetProtocol(su.protocol());
        if (!Double.isNaN(su.depthMm())) {
            m.presetDepthAndDose(su.depthMm(), su.doseUl());
        }
        m.presetLot(su.lot());
        Actor actor = new Actor(gun, m, plan, judges.trace, midSessionPresets);

        long period = s.periodNanos();
        long pausedUntil = -1;
        long ticks = 0;
        long end = Long.MAX_VALUE;
        boolean deepTraced = false;
        while (gun.powered()) {
            clock.advance(period);
            long now = clock.nanoTime();
            gun.advanceTo(now);
            actor.act(now);
            if (!deepTraced && gun.truth().maxTipDepthMm() > judges.maxDepthMm) {
                deepTraced = true;
                judges.trace.add(String.format(Locale.ROOT,
                        "%8.1f ms   [truth] tip at %.4f mm, past the limit; controller %s, axis at %d -> %d%s",
                        now / 1e6, gun.truth().maxTipDepthMm(), controller.machine().state(), gun.axis().position(),
                        gun.axis().target(), gun.axis().isMoving() ? " moving" : ""));
            }
            if (actor.phaseStart >= 0 && end == Long.MAX_VALUE) {
                end = actor.phaseStart + plan.phaseNanos() + 500 * MS;
            }
            if (now >= end || now > 60_000 * MS) {
                break;
            }
            long pause = gun.takeLoopPauseNanos();
            if (pause > 0) {
                pausedUntil = now + pause;
            }
            if (now < pausedUntil) {
                continue;
            }
            controller.tick(now);
            judges.run.tick(now, controller.monitor().homed());
            if (trace != null) {
                trace.tick(now, controller);
            }
            ticks++;
        }
        judges.finish(clock.nanoTime());
        return new Outcome(plan, guarded, judges.violations(), judges.sessions, gun.truth().shots(),
                judges.punctures, controller.monitor().faultCount(), clock.nanoTime(), ticks, judges.trace);
    }

    /**
     * The judge for the session in progress (its depth and dose as the panel confirmed them, its
     * cap counted from its start), plus one for the whole run (rate, punctures, reserve, depth).
     * Before the first session nothing may go into the skin at all: its target depth is unreachable.
     */
    private static final class Judges implements TruthListener, EventSink {
        private final SimulatedGun gun;
        private final ControllerSettings s;
        private final SimSpec spec;
        private final double step;
        private final double maxDepthMm;
        private final SafetyJudge run;
        private SafetyJudge session;
        private final List<SafetyJudge> all = new ArrayList<>();
        final List<String> trace = new ArrayList<>();
        int sessions;
        int punctures;
        private final long reactionNanos;

        Judges(SimulatedGun gun, ControllerSettings s, SimSpec spec) {
            this.gun = gun;
            this.s = s;
            this.spec = spec;
            this.step = 1 / spec.trueStepsPerMm;
            this.reactionNanos = SafetyJudge.liftReactionNanos(spec, s.periodNanos());
            this.maxDepthMm = Math.min(s.maxDepthMm(), SafetyLimits.MAX_DEPTH_MM) + step;
            this.run = new SafetyJudge(gun.truth(), new SafetyJudge.Limits(maxDepthMm, 0, Double.MAX_VALUE,
                    Double.MAX_VALUE, s.punctureLimit(), Double.MAX_VALUE, 0, minInterval())
                    .withNeedle(s.needleTimeLimitNanos(), false).withLiftReaction(reactionNanos));
            this.session = new SafetyJudge(gun.truth(), new SafetyJudge.Limits(maxDepthMm, -1e9, 3 * step,
                    0, Integer.MAX_VALUE, Double.MAX_VALUE, 0, 0).withLiftReaction(reactionNanos));
            all.add(run);
            all.add(session);
        }

        private static long minInterval() {
            return SafetyLimits.MIN_SHOT_INTERVAL_MS * MS;
        }

        @Override
        public void sessionStarted(long now, int no, int protocol, double depthMm, double doseUl, long lot,
                boolean softLimitOverride) {
            sessions++;
            trace.add(String.format(Locale.ROOT, "%8.1f ms   session %d started: protocol #%d %.2f mm %.1f uL%s",
                    now / 1e6, no, protocol, depthMm, doseUl, softLimitOverride ? " (soft limit confirmed)" : ""));
            // The monitor's deepest command (SR-1): a 4.0 mm session goes to 3.96 mm.
            double target = Math.min(depthMm, Math.min(s.maxDepthMm(), SafetyLimits.MAX_DEPTH_MM)
                    - SafetyLimits.DEPTH_MARGIN_MM);
            session = new SafetyJudge(gun.truth(), new SafetyJudge.Limits(maxDepthMm, target, 3 * step,
                    SafetyJudge.maxPointUl(doseUl), Integer.MAX_VALUE,
                    s.sessionMaxDoseUl() + gun.truth().deliveredIntoSkinUl(), s.reserveUl(), 0)
                    .withLiftReaction(reactionNanos)
                    .withReserveAllowance(SafetyJudge.reserveAllowanceUl(spec, doseUl)));
            all.add(session);
        }

        @Override
        public void sessionEnded(long now, int no, int points, double deliveredUl, SessionEnd reason) {
            trace.add(String.format(Locale.ROOT, "%8.1f ms   session %d ended (%s), %d points", now / 1e6, no,
                    reason, points));
        }

        @Override
        public void alarm(long now, org.mesogun.controller.safety.FaultCode code, State state) {
            trace.add(String.format(Locale.ROOT, "%8.1f ms   alarm %s in %s", now / 1e6, code, state));
            run.reported(now);
            session.reported(now);
        }

        @Override
        public void pointAborted(long now, int sessionNo, int point, org.mesogun.controller.safety.FaultCode cause,
                double targetUl, double measuredUl, long openMicros) {
            run.reported(now);
            session.reported(now);
        }

        @Override
        public void flowed(long at, double ul, double excessUl, double tipDepthMm, boolean skin) {
            run.flowed(at, ul, excessUl, tipDepthMm, skin);
            session.flowed(at, ul, excessUl, tipDepthMm, skin);
        }

        @Override
        public void skinContact(long at, boolean touching) {
            run.skinContact(at, touching);
            session.skinContact(at, touching);
        }

        @Override
        public void needleFitted(long at, int needleSerial, boolean fresh) {
            run.needleFitted(at, needleSerial, fresh);
            session.needleFitted(at, needleSerial, fresh);
        }

        @Override
        public void shotDelivered(long at, double ul, double excessUl, double minTip, double maxTip,
                boolean intoSkin, boolean lost) {
            trace.add(String.format(Locale.ROOT, "%8.1f ms   [truth] %.2f uL %s at %.3f..%.3f mm%s", at / 1e6, ul,
                    intoSkin ? "into skin" : "not into skin", minTip, maxTip,
                    excessUl > 0 ? String.format(Locale.ROOT, " (%.2f uL excess)", excessUl) : ""));
            run.shotDelivered(at, ul, excessUl, minTip, maxTip, intoSkin, lost);
            session.shotDelivered(at, ul, excessUl, minTip, maxTip, intoSkin, lost);
        }

        @Override
        public void puncture(long at, int needleSerial, int puncturesOnNeedle) {
            punctures++;
            trace.add(String.format(Locale.ROOT, "%8.1f ms   [truth] puncture %d on needle %d", at / 1e6,
                    puncturesOnNeedle, needleSerial));
            run.puncture(at, needleSerial, puncturesOnNeedle);
            session.puncture(at, needleSerial, puncturesOnNeedle);
        }

        void finish(long at) {
            run.finish(at);
        }

        List<Violation> violations() {
            TreeMap<Long, List<Violation>> byTime = new TreeMap<>();
            for (SafetyJudge j : all) {
                for (Violation v : j.violations()) {
                    byTime.computeIfAbsent(v.atNanos(), k -> new ArrayList<>());
                    if (!byTime.get(v.atNanos()).contains(v)) {
                        byTime.get(v.atNanos()).add(v);
                    }
                }
            }
            List<Violation> out = new ArrayList<>();
            byTime.values().forEach(out::addAll);
            return out;
        }
    }

    /** Plays a plan: the setup (load, prime, start through the panel), then the timed events. */
    private static final class Actor {
        private interface Step {
            boolean act(long now);
        }

        private final SimulatedGun gun;
        private final InjectionMachine machine;
        private final Plan plan;
        private final List<String> trace;
        private final Deque<Step> steps = new ArrayDeque<>();
        private int next;
        long phaseStart = -1;
        private long loadCheckAt = -1;
        private final boolean midSessionPresets;

        Actor(SimulatedGun gun, InjectionMachine machine, Plan plan, List<String> trace,
                boolean midSessionPresets) {
            this.midSessionPresets = midSessionPresets;
            this.gun = gun;
            this.machine = machine;
            this.plan = plan;
            this.trace = trace;
            waitUntil(t -> t.startsWith("Protocol") || t.startsWith("ALARM"), 10_000);
            if (plan.setup().session()) {
                navigate("Load syringe");
                select();
                // The gun asks for the syringe: the clinician swaps it, then confirms.
                waitUntil(t -> t.startsWith("Change syringe") || t.startsWith("ALARM"), 1_000);
                steps.addLast(now -> {
                    gun.loadSyringe(plan.setup().syringeUl());
                    return true;
                });
                select();
                navigate("Prime");
                select();
                waitUntil(t -> t.startsWith("Prime | primed") || t.startsWith("ALARM"), 3_000);
                start();
            }
            steps.addLast(now -> {
                phaseStart = now;
                return true;
            });
        }

        private String shown = "";

        void act(long now) {
            if (TRACE_PANEL) {
                String t = gun.panelText();
                if (!t.equals(shown)) {
                    shown = t;
                    trace.add(String.format(Locale.ROOT, "%8.1f ms   panel: %s", now / 1e6, t));
                }
            }
            if (loadCheckAt >= 0 && now >= loadCheckAt) {
                // The gun asks for a syringe change: the clinician puts a full one in.
                loadCheckAt = -1;
                if (line1().startsWith("Change syringe")) {
                    gun.loadSyringe(plan.setup().syringeUl());
                    trace.add(String.format(Locale.ROOT, "%8.1f ms   syringe loaded", now / 1e6));
                }
            }
            while (!steps.isEmpty()) {
                Step s = steps.peekFirst();
                if (!s.act(now)) {
                    break;
                }
                steps.removeFirstOccurrence(s);
            }
            if (phaseStart < 0) {
                return;
            }
            List<Event> ev = plan.events();
            while (next < ev.size() && phaseStart + ev.get(next).at() <= now) {
                Event e = ev.get(next++);
                trace.add(String.format(Locale.ROOT, "%8.1f ms %s", now / 1e6,
                        e.toString().substring(e.toString().indexOf("ms ") + 3)));
                apply(e, now);
            }
        }

        private void apply(Event e, long now) {
            boolean on = e.a() != 0;
            switch (e.kind()) {
                case TRIGGER -> gun.pressTrigger(on);
                case SKIN -> {
                    if (on && !gun.truth().skinContact() && gun.truth().tipDepthMm() > 0) {
                        // A clinician does not press the nose cone onto a needle that sticks out
                        // (after a fault the retract is slow): that prick is no shot of the gun's.
                        trace.add(String.format(Locale.ROOT, "%8.1f ms   (not on the skin: the needle sticks out)",
                                now / 1e6));
                        return;
                    }
                    gun.setSkinContact(on);
                }
                case UP -> gun.pressUp(on);
                case DOWN -> gun.pressDown(on);
                case SELECT -> {
                    gun.pressSelect(on);
                    if (on) {
                        loadCheckAt = now + 8 * MS;
                    }
                }
                case STOP -> gun.pressStop(on);
                case NEEDLE_OUT -> gun.removeNeedle();
                case NEEDLE_IN -> {
                    if (gun.truth().skinContact() && gun.truth().tipDepthMm() > 0) {
                        trace.add(String.format(Locale.ROOT, "%8.1f ms   (no needle fitted into the skin)", now / 1e6));
                        return;
                    }
                    gun.fitNeedle(on);
                }
                case FAULT_ON -> gun.inject(SimFault.values()[(int) e.a()]);
                case FAULT_OFF -> {
                    SimFault f = SimFault.values()[(int) e.a()];
                    if (f != SimFault.POWER_LOSS && gun.isActive(f)) {
                        gun.clear(f);
                    }
                }
                case PRESET_PROTOCOL, PRESET_DEPTH_DOSE, PRESET_LOT -> {
                    if (machine.inSession() && !midSessionPresets) {
                        return;   // the panel sets these only between sessions
                    }
                    switch (e.kind()) {
                        case PRESET_PROTOCOL -> machine.presetProtocol((int) e.a());
                        case PRESET_DEPTH_DOSE -> machine.presetDepthAndDose(e.x(), e.y());
                        default -> machine.presetLot(e.a());
                    }
                }
                case START -> {
                    if (steps.isEmpty()) {
                        start();
                    }
                }
                case ACK -> {
                    if (steps.isEmpty() && gun.panelText().startsWith("ALARM")) {
                        acknowledge();
                    } else if (steps.isEmpty() && gun.panelText().startsWith("Cannot start")) {
                        select();
                    }
                }
                case CHANGE_NEEDLE -> {
                    if (steps.isEmpty()) {
                        changeNeedle();
                    }
                }
            }
        }

        private String line1() {
            String t = gun.panelText();
            int bar = t.indexOf(" | ");
            return bar < 0 ? t : t.substring(0, bar);
        }

        private void start() {
            navigate("Start session");
            select();
            steps.addLast(now -> {
                if (gun.panelText().startsWith("Over soft limit")) {
                    steps.addFirst(pressStep());
                }
                return true;
            });
            waitUntil(t -> !t.startsWith("Start session"), 1_000);
        }

        private void acknowledge() {
            steps.addLast(now -> {
                gun.pressTrigger(false);
                gun.setSkinContact(false);
                gun.pressStop(false);
                for (SimFault f : SimFault.values()) {
                    if (f != SimFault.POWER_LOSS && gun.isActive(f)) {
                        gun.clear(f);   // the cause is found and fixed
                    }
                }
                return true;
            });
            pause(300);
            select();
            waitUntil(t -> !t.startsWith("Homing") && !t.startsWith("ALARM"), 5_000);
        }

        private void changeNeedle() {
            steps.addLast(now -> {
                gun.setSkinContact(false);
                gun.pressTrigger(false);
                gun.removeNeedle();
                return true;
            });
            pause(500);
            steps.addLast(now -> {
                gun.fitNeedle(true);
                return true;
            });
            waitUntil(t -> !t.startsWith("Homing"), 5_000);
        }

        private void navigate(String item) {
            steps.addLast(new Step() {
                int presses;
                Step pending;

                @Override
                public boolean act(long now) {
                    if (pending != null) {
                        if (!pending.act(now)) {
                            return false;
                        }
                        pending = null;
                    }
                    if (line1().startsWith(item)) {
                        return true;
                    }
                    if (++presses > 10) {
                        return true;   // not on the menu now: give up, as a person would
                    }
                    pending = buttonStep(Kind.DOWN);
                    return false;
                }
            });
        }

        private void select() {
            steps.addLast(pressStep());
        }

        private Step pressStep() {
            return buttonStep(Kind.SELECT);
        }

        private Step buttonStep(Kind b) {
            return new Step() {
                long start = -1;

                @Override
                public boolean act(long now) {
                    if (start < 0) {
                        start = now;
                        apply(new Event(0, b, 1, 0, 0), now);
                        return false;
                    }
                    if (now - start >= 30 * MS) {
                        apply(new Event(0, b, 0, 0, 0), now);
                    }
                    return now - start >= 60 * MS;
                }
            };
        }

        private void pause(long ms) {
            steps.addLast(new Step() {
                long start = -1;

                @Override
                public boolean act(long now) {
                    if (start < 0) {
                        start = now;
                    }
                    return now - start >= ms * MS;
                }
            });
        }

        private void waitUntil(Predicate<String> panel, long timeoutMs) {
            steps.addLast(new Step() {
                long start = -1;

                @Override
                public boolean act(long now) {
                    if (start < 0) {
                        start = now;
                    }
                    return panel.test(gun.panelText()) || now - start >= timeoutMs * MS;
                }
            });
        }
    }

    // ---------------------------------------------------------------- shrinking

    /**
     * Deletes events from a failing plan while it still breaks the same requirement (delta
     * debugging, coarse to fine), within a budget of runs; the result replays deterministically.
     */
    static Outcome shrink(Outcome failing, int budget, boolean midSessionPresets) {
        String sr = failing.violations().get(0).requirement();
        Outcome best = failing;
        int runs = 0;
        int chunk = Math.max(1, best.plan().events().size() / 2);
        while (chunk >= 1 && runs < budget) {
            boolean removed = false;
            for (int from = 0; from < best.plan().events().size() && runs < budget; ) {
                int to = Math.min(best.plan().events().size(), from + chunk);
                Plan smaller = best.plan().without(from, to);
                Outcome o = run(smaller, failing.guarded(), midSessionPresets);
                runs++;
                if (o.violations().stream().anyMatch(v -> v.requirement().equals(sr))) {
                    best = o;
                    removed = true;
                } else {
                    from = to;
                }
            }
            if (!removed) {
                chunk /= 2;
            }
        }
        return best;
    }
}
