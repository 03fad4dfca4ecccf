import { Routes } from '@angular/router';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { I18nPaginatorIntl } from './lists/paginator-intl';

/** Lists ("Списки"): companies and contacts (the Directory module). */
export const directoryRoutes: Routes = [
  {
    path: '',
    providers: [{ provide: MatPaginatorIntl, useClass: I18nPaginatorIntl }],
    children: [
      {
        path: '',
        loadComponent: () => import('./lists/lists').then((m) => m.Lists),
        children: [
          { path: '', pathMatch: 'full', redirectTo: 'companies' },
          {
            path: 'companies',
            title: 'lists.companies',
            loadComponent: () => import('./lists/companies-table').then((m) => m.CompaniesTable),
          },
          {
            path: 'contacts',
            title: 'lists.contacts',
            loadComponent: () => import('./lists/contacts-table').then((m) => m.ContactsTable),
          },
        ],
      },
      {
        path: 'companies/:id',
        title: 'company.title',
        loadComponent: () => import('./card/company-card').then((m) => m.CompanyCard),
      },
      {
        path: 'contacts/:id',
        title: 'contact.title',
        loadComponent: () => import('./card/contact-card').then((m) => m.ContactCard),
      },
    ],
  },
];
