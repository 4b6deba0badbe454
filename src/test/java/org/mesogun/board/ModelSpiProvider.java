package org.mesogun.board;

import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProvider;
import com.pi4j.plugin.mock.provider.spi.MockSpi;
import com.pi4j.plugin.mock.provider.spi.MockSpiProviderImpl;

/**
 * Pi4J's mock SPI provider whose devices answer each transfer from a {@link Tmc5160Model}.
 * Pi4J's MockSpi only returns bytes staged in advance, which cannot follow a ramp in progress.
 */
final class ModelSpiProvider extends MockSpiProviderImpl {

    private final Tmc5160Model model;

    ModelSpiProvider(Tmc5160Model model) {
        this.model = model;
    }

    @Override
    public Spi create(SpiConfig config) {
        Spi spi = new ModelSpi(this, config);
        context.registry().add(spi);
        return spi;
    }

    private final class ModelSpi extends MockSpi {
        ModelSpi(SpiProvider provider, SpiConfig config) {
            super(provider, config);
        }

        /** Whole 40-bit datagrams only: the TMC5160 frames on chip select. */
        @Override
        public int transfer(byte[] write, int writeOffset, byte[] read, int readOffset, int length) {
            if (length != 5) {
                throw new IllegalArgumentException("a TMC5160 datagram is 5 bytes, got " + length);
            }
            if (config().mode() != com.pi4j.io.spi.SpiMode.MODE_3) {
                throw new IllegalStateException("TMC5160 needs SPI mode 3, device is in " + config().mode());
            }
            model.transfer(write, writeOffset, read, readOffset);
            return length;
        }
    }
}
