package dev.caretaker.check.backup;

import dev.caretaker.config.AzureBlobLocation;
import dev.caretaker.config.BackupCheckConfig;
import dev.caretaker.config.Section;
import java.util.List;

/**
 * {@code source: azure-blob}: backups in an Azure Blob Storage container under a prefix, read with a SAS (Read and List) or the
 * account's key.
 */
public final class AzureBlobSource extends BackupSource {
    public static final String NAME = "azure-blob";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected List<String> locationKeys() {
        return AzureBlobLocation.KEYS;
    }

    @Override
    protected BackupCheckConfig.Location location(Section s) {
        return AzureBlobLocation.read(s);
    }

    @Override
    protected BackupStore store(BackupCheckConfig.Location location) {
        return new AzureBlobStore((AzureBlobLocation) location);
    }
}
