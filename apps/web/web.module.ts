import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ApiClient } from './api/api-client';
import { SignedInGuard } from './core/access';
import { ErrorPagesFilter } from './core/error-pages.filter';
import { Views } from './core/views';
import { DashboardController } from './pages/dashboard.controller';
import { FamilySignInController } from './pages/family-sign-in.controller';
import { FamilyController } from './pages/family.controller';
import { ScorecardController } from './pages/scorecard.controller';
import { AdminController } from './pages/admin.controller';
import { AdviceController } from './pages/advice.controller';
import { CasesController } from './pages/cases.controller';
import { HealthController } from './pages/health.controller';
import { NotificationsController } from './pages/notifications.controller';
import { PlansController } from './pages/plans.controller';
import { PlanSectionsController } from './pages/plan-sections.controller';
import { PlanPracticeController } from './pages/plan-practice.controller';
import { AppealsController, ProfessionalPlansController, TransfersController } from './pages/transfers.controller';
import { RegisterRequestController } from './pages/register-request.controller';
import { SessionsController } from './pages/sessions.controller';
import { SignInController } from './pages/sign-in.controller';
import { SessionStore } from './session/session.store';
import { loadWebConfig, WEB_CONFIG, WebConfig } from './web-config';

/**
 * The people's service. It imports no context of libs/: every read and change goes through the API's published
 * contract (ApiClient). Add a page: a controller in pages/, listed here, and a template in views/ (docs/web.md).
 */
@Module({})
export class WebModule {
  static forRoot(config: WebConfig = loadWebConfig()): DynamicModule {
    return {
      module: WebModule,
      controllers: [SignInController, HealthController, CasesController, PlansController, AdviceController, AdminController, NotificationsController, DashboardController, SessionsController, FamilySignInController, FamilyController, ScorecardController, PlanSectionsController, PlanPracticeController, TransfersController, AppealsController, ProfessionalPlansController, RegisterRequestController],
      providers: [
        { provide: WEB_CONFIG, useValue: config },
        ApiClient,
        Views,
        SessionStore,
        { provide: APP_GUARD, useClass: SignedInGuard },
        { provide: APP_FILTER, useClass: ErrorPagesFilter },
      ],
      exports: [WEB_CONFIG, ApiClient, Views, SessionStore],
    };
  }
}
