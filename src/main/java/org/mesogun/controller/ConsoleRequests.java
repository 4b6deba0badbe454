package org.mesogun.controller;

import org.mesogun.controller.safety.FaultCode;

/**
 * What the technician console asks of the machine (requirements §6), taken from the {@link ServiceMailbox}
 * once per tick: the realtime hold ({@code !}) and reset (Ctrl-X), which act at once whatever is
 * in flight; {@code SERVICE ON/OFF} and the SERVICE state with its commands (through
 * {@link ServiceMode}); a homing the technician asked for (back to SERVICE when done); and ACK.
 */
final class ConsoleRequests {

    private final InjectionMachine m;
    private final ControllerSettings s;
    private final ServiceMailbox mailbox;
    private final ServiceMode service;
    /** Homing asked for by the technician: back to SERVICE when done, flag checks as in SERVICE. */
    private boolean serviceHoming;
    /** SERVICE OFF: parking (still in SERVICE), then homing or, uncalibrated, back to the alarm. */
    private boolean leavingService;

    ConsoleRequests(InjectionMachine m, ControllerSettings s, ServiceMailbox mailbox) {
        this.m = m;
        this.s = s;
        this.mailbox = mailbox;
        this.service = new ServiceMode(s, m.monitor);
    }

    /** {@code !} and Ctrl-X act at once, whatever command is in flight. */
    void realtime(Inputs in, Outputs out) {
        boolean reset = mailbox.takeReset();
        if (!mailbox.takeHold() && !reset) {
            return;
        }
        State state = m.state();
        if (state == State.INSERT || state == State.SETTLE || state == State.DOSE || state == State.DWELL) {
            out.valveShut = true;
            m.shot.abort(in, out, null);
        } else if (state == State.PRIMING) {
            out.valveShut = true;
            m.syringe.primingHeld(in);
        } else if (state == State.SERVICE || state == State.HOMING && serviceHoming) {
            ServiceMailbox.Result r = service.hold(in, out);
            if (r != null || serviceHoming) {
                mailbox.complete(ServiceMailbox.Result.HELD, in.axisPosition);
            }
            if (serviceHoming) {
                serviceHoming = false;
                out.haltAxis = true;
                m.go(State.SERVICE, in.now);   // an unfinished homing: HOME again before jogging
            }
        }
        if (reset) {
            m.session.end(in.now, SessionEnd.STOP);
            if (m.state() == State.SERVICE) {
                leave(in, out);
            }
        }
    }

    /** Takes the console's next command when the machine can start one. */
    void requests(Inputs in, Outputs out) {
        if (service.busy() || serviceHoming || leavingService) {
            return;
        }
        ServiceMailbox.Op op = mailbox.take();
        if (op == null) {
            return;
        }
        ServiceMailbox.Result r;
        switch (op) {
            case SERVICE_ON -> r = enterService(in);
            case ACK -> {
                if (m.state() != State.FAULT) {
                    r = ServiceMailbox.Result.OK;
                } else if (m.acknowledge(in)) {
                    r = ServiceMailbox.Result.OK;
                } else {
                    r = ServiceMailbox.Result.FAULT_LATCHED;
                }
            }
            default -> r = m.state() != State.SERVICE ? ServiceMailbox.Result.NOT_IN_SERVICE : serviceOp(op, in, out);
        }
        if (r != null) {
            mailbox.complete(r, in.axisPosition);
        }
    }

    private ServiceMailbox.Result enterService(Inputs in) {
        State state = m.state();
        if (state == State.SERVICE) {
            return ServiceMailbox.Result.OK;
        }
        if (m.session.running()) {
            return ServiceMailbox.Result.SESSION_RUNNING;
        }
        if (state == State.FAULT) {
            // SR-10: a bad calibration leaves the gun unarmed but serviceable; no other fault.
            if (m.monitor.latched() == FaultCode.CALIBRATION_INVALID && m.monitor.enterService()) {
                m.go(State.SERVICE, in.now);
                return ServiceMailbox.Result.OK;
            }
            return ServiceMailbox.Result.FAULT_LATCHED;
        }
        if (state != State.IDLE || m.panel.screen() != Panel.Screen.MENU || m.monitor.latched() != null) {
            return ServiceMailbox.Result.NOT_IDLE;
        }
        m.go(State.SERVICE, in.now);
        return ServiceMailbox.Result.OK;
    }

    private ServiceMailbox.Result serviceOp(ServiceMailbox.Op op, Inputs in, Outputs out) {
        if (in.axisMoving) {
            return ServiceMailbox.Result.NOT_IDLE;
        }
        switch (op) {
            case SERVICE_OFF -> {
                leave(in, out);
                return ServiceMailbox.Result.OK;
            }
            case HOME -> {
                serviceHoming = true;
                m.startHoming(in.now);
                return null;
            }
            default -> {
                return service.begin(op, mailbox.arg(), mailbox.count(), in, out);
            }
        }
    }

    /** SERVICE: the command in progress, or the way out. */
    void service(Inputs in, Outputs out) {
        out.axisEnable = true;
        if (leavingService) {
            if (!in.axisMoving && (in.axisPosition == s.parkSteps() || !m.monitor.homed())) {
                leavingService = false;
                if (!s.calibrationValid()) {
                    m.go(State.BOOT, in.now);   // back to the CALIBRATION_INVALID alarm
                } else {
                    m.startHoming(in.now);
                }
            }
            return;
        }
        ServiceMailbox.Result r = service.step(in, out);
        if (r != null) {
            mailbox.complete(r, in.axisPosition);
        }
    }

    /** Parks first under SERVICE's rules (the flag is not where an uncalibrated park says). */
    private void leave(Inputs in, Outputs out) {
        leavingService = true;
        if (m.monitor.homed() && in.axisPosition != s.parkSteps()) {
            out.moveTarget = s.parkSteps();
        }
    }

    /** Homing is done: true when it was the technician's, who gets SERVICE back. */
    boolean homedForService(Inputs in) {
        if (!serviceHoming) {
            return false;
        }
        serviceHoming = false;
        m.go(State.SERVICE, in.now);
        mailbox.complete(ServiceMailbox.Result.OK, in.axisPosition);
        return true;
    }

    /** A fault ends whatever the console had in progress. */
    void abortOnFault(long lastPosition) {
        ServiceMailbox.Result r = service.abort();
        if (r != null || serviceHoming) {
            mailbox.complete(ServiceMailbox.Result.FAILED, lastPosition);
        }
        serviceHoming = false;
        leavingService = false;
    }

    boolean serviceHoming() {
        return serviceHoming;
    }

    /** In SERVICE with nothing in progress and not on the way out. */
    boolean idleInService() {
        return !service.busy() && !leavingService;
    }
}
