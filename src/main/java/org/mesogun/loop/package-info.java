/**
 * The real-time control loop, as a unit of work apart from what drives it (Agrona's Agent /
 * AgentRunner / AgentInvoker): {@link org.mesogun.loop.LoopWork} is the work,
 * {@link org.mesogun.loop.LoopRunner} drives it on a thread against the clock with a
 * {@link org.mesogun.loop.Watchdog} (SR-7), {@link org.mesogun.loop.StepInvoker} steps it on
 * virtual time. Depends only on the HAL, the JDK and HdrHistogram.
 */
package org.mesogun.loop;
