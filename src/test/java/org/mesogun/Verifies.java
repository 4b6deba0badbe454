package org.mesogun;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test method as evidence for one or more safety requirements of requirements §4, e.g.
 * {@code @Verifies("SR-3")} or {@code @Verifies({"SR-1", "SR-8"})}. {@link TraceabilityTest}
 * fails the build when a requirement has no such test or an annotation names an unknown one, and
 * writes {@code docs/traceability.md} from these annotations.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Verifies {

    /** Requirement ids, {@code "SR-1"} … {@code "SR-13"}. */
    String[] value();
}
