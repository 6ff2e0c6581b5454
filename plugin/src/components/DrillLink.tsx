import { css } from '@emotion/css';
import { locationService } from '@grafana/runtime';
import React, { type ReactNode } from 'react';

interface Props {
  href: string | undefined;
  className?: string;
  testId?: string;
  title?: string;
  children: ReactNode;
}

const plain = css({ color: 'inherit', textDecoration: 'none', display: 'block' });

/**
 * A cell or tile that opens the drill-down link when one is configured. Links inside Grafana
 * go through locationService so the dashboard is not reloaded.
 */
export function DrillLink({ href, className, testId, title, children }: Props) {
  if (!href) {
    return (
      <div className={className} data-testid={testId} title={title}>
        {children}
      </div>
    );
  }
  const internal = href.startsWith('/');
  return (
    <a
      // Plain concatenation, not cx(): cx would serialise a merged class for every cell.
      className={className ? `${plain} ${className}` : plain}
      href={href}
      data-testid={testId}
      title={title}
      onClick={(event) => {
        if (internal && !event.metaKey && !event.ctrlKey) {
          event.preventDefault();
          locationService.push(href);
        }
      }}
    >
      {children}
    </a>
  );
}
