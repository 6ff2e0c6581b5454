import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import { testIds } from './testIds';

/** Shown instead of a blank panel: what is missing and how to fix it. */
export function MissingData({ message }: { message: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.missing} data-testid={testIds.missing} role="status">
      <strong>The adoption panel cannot draw this view.</strong>
      <p className={styles.text}>{message}</p>
    </div>
  );
}

/** Non-blocking problems, in one line each at the bottom of the panel. */
export function Notices({ notices }: { notices: string[] }) {
  const styles = useStyles2(getStyles);
  if (notices.length === 0) {
    return null;
  }
  return (
    <ul className={styles.notices} data-testid={testIds.notices}>
      {notices.map((notice) => (
        <li key={notice}>{notice}</li>
      ))}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  missing: css({
    padding: theme.spacing(2),
    border: `1px dashed ${theme.colors.border.strong}`,
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.primary,
  }),
  text: css({ margin: theme.spacing(1, 0, 0), color: theme.colors.text.secondary }),
  notices: css({
    margin: theme.spacing(1, 0, 0),
    paddingLeft: theme.spacing(2),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.warning.text,
  }),
});
