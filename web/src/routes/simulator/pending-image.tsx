import { useEffect, useState } from 'preact/hooks';
import { Icon } from '../../components/icons';
import { t } from '../../i18n';

/** The image about to be sent, with its preview and a button to drop it. */
export function PendingImage(props: { file: File; onRemove: () => void }) {
  const { file } = props;
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (typeof URL.createObjectURL !== 'function') {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  return (
    <div class="sim-pending">
      {preview ? <img src={preview} alt="" /> : <Icon name="image" />}
      <span class="sim-pending-name">{file.name}</span>
      <button
        type="button"
        class="icon-btn"
        aria-label={t('simulator.remove_attachment', { name: file.name })}
        onClick={props.onRemove}
      >
        <Icon name="close" />
      </button>
    </div>
  );
}
