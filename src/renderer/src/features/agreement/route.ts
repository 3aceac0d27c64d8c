import { useCallback, useEffect, useRef, useState } from 'react';

export const AGREEMENT_HASH = '#/agreement';

/** The dashboard lives at #/agreement; closing it returns to the address it was opened from. */
export function useAgreementRoute(): { showAgreement: boolean; openAgreement: () => void; closeAgreement: () => void } {
  const [showAgreement, setShow] = useState(() => window.location.hash === AGREEMENT_HASH);
  const openedFrom = useRef('');
  useEffect(() => {
    const onHash = (): void => setShow(window.location.hash === AGREEMENT_HASH);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const openAgreement = useCallback(() => {
    if (window.location.hash !== AGREEMENT_HASH) openedFrom.current = window.location.hash;
    window.location.hash = AGREEMENT_HASH;
  }, []);
  const closeAgreement = useCallback(() => {
    window.location.hash = openedFrom.current || '#/';
  }, []);
  return { showAgreement, openAgreement, closeAgreement };
}
