import { isLanguage } from '../i18n/translate.js';
import { languageNames, languages, useI18n } from '../i18n/index.js';
import { GlobeIcon } from './icons.js';

/** The language switch shown in every header. */
export function LanguageSelect() {
  const { lang, setLang, t } = useI18n();

  return (
    <label className="language-select">
      <GlobeIcon size={18} />
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        value={lang}
        onChange={(event) => {
          if (isLanguage(event.target.value)) setLang(event.target.value);
        }}
      >
        {languages.map((code) => (
          <option key={code} value={code} lang={code}>{languageNames[code]}</option>
        ))}
      </select>
    </label>
  );
}
