package org.mesogun.remotefixture;

import java.io.IOException;
import org.mesogun.config.AccountStore;
import org.mesogun.config.Calibration;
import org.mesogun.config.CalibrationStore;
import org.mesogun.config.Role;
import org.mesogun.controller.Controller;
import org.mesogun.controller.Inputs;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.hal.GunHardware;

/**
 * Never used at run time: what a network message handler must NOT do (SR-12). It exists so
 * {@code RemoteActuationTest} can show that its rules find each of these calls; the rules guard
 * {@code org.mesogun.telemetry}, this package only stands in for it.
 */
final class RogueRemoteHandler {

    void onMessage(Controller controller, GunHardware hw, CalibrationStore calibration, AccountStore accounts,
            Calibration cal) throws IOException {
        controller.tick(0);
        controller.makeSafe();
        controller.machine().presetDepthAndDose(4.0, 200);
        controller.monitor().acknowledge(new Inputs());
        controller.monitor().raise(FaultCode.INTERNAL, 0);
        controller.monitor().beginSession(4.0, 200);
        calibration.save(cal);
        accounts.add("remote", Role.TECHNICIAN, "1234");
        hw.valve().shut();
    }
}
