import { useRef, useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import type { LibraryFile } from '../../api/types';
import { bytes } from '../../components/format';
import { Icon } from '../../components/icons';
import { t } from '../../i18n';

/** The file going with the next message, with a button to drop it. */
export function AttachedFile(props: { file: { name: string; size: number }; onRemove: () => void }) {
  const { file } = props;
  return (
    <div class="composer-file">
      <Icon name="file" size={18} />
      <span>{file.name}</span>
      <span class="muted">{bytes(file.size)}</span>
      <button
        type="button"
        class="icon-btn"
        aria-label={t('inbox.remove_file', { name: file.name })}
        onClick={props.onRemove}
      >
        <Icon name="close" size={18} />
      </button>
    </div>
  );
}

/** Attach a file from the device, or open the organization's library. */
export function AttachButtons(props: { onFile: (file: File | null) => void; onLibrary: () => void }) {
  const fileRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={fileRef}
        type="file"
        class="visually-hidden"
        id="composer-file"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const input = e.currentTarget as HTMLInputElement;
          const chosen = input.files?.[0] ?? null;
          input.value = '';
          props.onFile(chosen);
        }}
      />
      <button
        type="button"
        class="icon-btn"
        aria-label={t('inbox.attach')}
        title={t('inbox.attach')}
        onClick={() => fileRef.current?.click()}
      >
        <Icon name="paperclip" />
      </button>
      <button
        type="button"
        class="icon-btn"
        aria-label={t('inbox.library.open')}
        title={t('inbox.library.open')}
        onClick={props.onLibrary}
      >
        <Icon name="doc" />
      </button>
    </>
  );
}

/** The file of the next message: one from the device (uploaded once, even when a send is retried) or one of the library. */
export function useAttachment() {
  const [file, setFile] = useState<File | null>(null);
  /** A file of the library attached instead of an upload (it is sent by its id). */
  const [libraryFile, setLibraryFile] = useState<LibraryFile | null>(null);
  const uploaded = useRef<{ file: File; id: string } | null>(null);
  return {
    attached: libraryFile ?? file,
    fromDevice(chosen: File) {
      setFile(chosen);
      setLibraryFile(null);
    },
    fromLibrary(picked: LibraryFile) {
      setLibraryFile(picked);
      setFile(null);
      uploaded.current = null;
    },
    /** Forgets a file from the device (a library file stays). */
    dropDeviceFile() {
      setFile(null);
    },
    clear() {
      setFile(null);
      setLibraryFile(null);
      uploaded.current = null;
    },
    /** The ids of the files to send, uploading the device's file when it is not yet stored. */
    async ids(): Promise<string[]> {
      if (libraryFile) return [libraryFile.id];
      if (!file) return [];
      if (uploaded.current?.file !== file) {
        const stored = await endpoints.uploadFile(file);
        uploaded.current = { file, id: stored.id };
      }
      return [uploaded.current.id];
    },
  };
}
